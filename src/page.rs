/// Which rows of a `list` helper's stable order to return: at most `limit`, after skipping
/// `offset`.
///
/// ```
/// use schemaforge::Page;
///
/// let first = Page::first(50);
/// assert_eq!((first.limit(), first.offset()), (50, 0));
/// let second = first.next();
/// assert_eq!((second.limit(), second.offset()), (50, 50));
/// assert_eq!(Page::new(10, 30).offset(), 30);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Page {
    limit: u32,
    offset: u64,
}

impl Page {
    /// The first `limit` rows.
    #[must_use]
    pub const fn first(limit: u32) -> Page {
        Page { limit, offset: 0 }
    }

    /// `limit` rows after skipping `offset`.
    #[must_use]
    pub const fn new(limit: u32, offset: u64) -> Page {
        Page { limit, offset }
    }

    /// The page after this one, of the same size.
    #[must_use]
    pub const fn next(self) -> Page {
        Page {
            limit: self.limit,
            offset: self.offset.saturating_add(self.limit as u64),
        }
    }

    /// The most rows the page holds, as bound to `LIMIT`.
    pub const fn limit(&self) -> i64 {
        self.limit as i64
    }

    /// The rows skipped before it, as bound to `OFFSET` (at most `i64::MAX`).
    pub const fn offset(&self) -> i64 {
        if self.offset > i64::MAX as u64 {
            i64::MAX
        } else {
            self.offset as i64
        }
    }
}
