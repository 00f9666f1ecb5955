//! The error collector of one front-end run, as in serde_derive: problems are pushed as they
//! are found and reported together, and forgetting to look at them is a bug caught in tests.

use std::cell::RefCell;

use schemaforge_schema::{Diagnostic, Diagnostics};

/// Collects diagnostics; [`Ctxt::check`] must be called before it is dropped.
#[derive(Default)]
pub struct Ctxt {
    // `None` once checked.
    errors: RefCell<Option<Diagnostics>>,
}

impl Ctxt {
    pub fn new() -> Ctxt {
        Ctxt {
            errors: RefCell::new(Some(Diagnostics::new())),
        }
    }

    /// Records a problem.
    pub fn push(&self, diagnostic: Diagnostic) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(diagnostic);
        }
    }

    /// Records every problem of `diagnostics`.
    pub fn extend(&self, diagnostics: Diagnostics) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.extend(diagnostics);
        }
    }

    /// Whether nothing was reported so far.
    pub fn is_ok(&self) -> bool {
        self.errors
            .borrow()
            .as_ref()
            .is_none_or(Diagnostics::is_empty)
    }

    /// Ends collection: `Ok` if nothing was reported, else every problem, sorted.
    pub fn check(self) -> Result<(), Diagnostics> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        errors.into_result(())
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("schemaforge bug: diagnostics collected but never checked");
        }
    }
}
