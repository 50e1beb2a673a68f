using System.Runtime.InteropServices;

namespace DynaLay.Util;

/// <summary>
/// Caps the instruction set of oneDNN, libtorch's CPU convolution library, at AVX2. oneDNN picks its kernels
/// by the CPU: on AVX-512 machines its convolution backward through an unrolled fixed-point chain returns
/// NaN (<c>FixedPointSolverTests.GradientModesAgreeWithUnrolledBackprop</c>, conv, fails there and passes with
/// the cap), and the AVX-512 kernels round differently, so the same seed would give other bytes on another
/// machine. With the cap every x86-64 machine since 2013 runs the same kernels. A value the user sets in
/// <c>ONEDNN_MAX_CPU_ISA</c> is kept. Call at start-up, before the first convolution.
/// </summary>
public static class NativeIsa
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Cap = "AVX2";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    public static void Configure()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null) return;
        // oneDNN reads the native environment; child processes get the managed copy.
        try { SetEnv(Variable, Cap, 0); }
        catch (DllNotFoundException) { return; }
        catch (EntryPointNotFoundException) { return; }
        Environment.SetEnvironmentVariable(Variable, Cap);
    }
}
