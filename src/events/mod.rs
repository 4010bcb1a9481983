//! Events, sources and claims: the dated, sourced events a text refers to.
//!
//! - [`model`]: sources, claims, events and their vocabularies.
//! - [`attested`]: the date an event is drawn at when its claims date it differently.
//! - [`dates`]: temporal expressions → calendar intervals with precision.
//! - [`numbers`]: figures written in digits or words ("Ninety-two", "3,000").
//! - [`dataset`]: the curated dataset (`sources/`), embedded in the binary.
//! - [`validate`]: checks of the dataset against the gazetteer and the source texts.
//! - [`extract`]: candidate events proposed from a raw text, for an editor.
//! - [`synthetic`]: deterministic synthetic events for benchmarks and load tests.

pub mod attested;
pub mod dataset;
pub mod dates;
pub mod extract;
pub mod model;
pub mod numbers;
pub mod synthetic;
pub mod validate;

pub use dataset::Dataset;
pub use model::{Claim, Event, EventType, LocationPrecision, Source, Stance, Status};
