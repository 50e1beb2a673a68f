using System.Runtime.CompilerServices;

namespace DynaLay.Tests;

/// <summary>What the dynalay program sets at start-up, set for the test process before any test runs.</summary>
internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Configure() => DynaLay.Util.NativeIsa.Configure();
}
