//! Roadmap commands: the board, capacity, scenarios, commit/close and the headcount plan.
