//! FinOps commands: billing import with progress, imports, allocation rules, unit costs.
