#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| kibana_connectors_tests::fuzzing::update(data));
