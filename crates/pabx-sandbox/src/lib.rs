//! Local emulator of the PABX API.
