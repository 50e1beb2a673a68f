using DynaLay.Data;
using DynaLay.Fpi;
using DynaLay.Nets;

namespace DynaLay.Bench;

/// <summary>Builds an environment over a network and a split, stepping batches of the given size with the given solver.</summary>
public delegate IBenchEnvironment BenchEnvironmentFactory(MainNetwork network, DataSplit split, int batch, FpiOptions solver);
