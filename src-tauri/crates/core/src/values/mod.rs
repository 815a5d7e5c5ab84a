//! Value types every area shares: exact decimal amounts, money with its currency's minor units,
//! fiscal quarters and calendar months. They depend on nothing but `error`.

pub mod amount;
pub mod money;
pub mod month;
pub mod quarter;
