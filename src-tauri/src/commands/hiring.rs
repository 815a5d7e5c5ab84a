//! Hiring commands: pipeline, loops, blind scorecards, debrief, kits and erasure.
