// TorchSharp's default generator is process-wide: a test that seeds it and then builds a network must not
// interleave with another test drawing from it, or same-seed assertions become flaky. Tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
