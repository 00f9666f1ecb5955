//! The multi-tenant SaaS reference schema lives in `schema/`.
