using TorchSharp;

namespace DynaLay.Util;

/// <summary>Resolves --device cpu|cuda|auto. auto picks CUDA when libtorch reports it.</summary>
public static class DeviceSelector
{
    public static torch.Device Resolve(string name)
    {
        // Must come before any other tensor op, or CUDA stays off for the process.
        bool cuda = torch.cuda.is_available();
        return name.ToLowerInvariant() switch
        {
            "cpu" => torch.CPU,
            "cuda" when cuda => torch.CUDA,
            "cuda" => throw new ArgumentException("--device cuda: no CUDA device is available (this build uses the CPU libtorch unless built with -p:TorchBackend=cuda). Use --device cpu or auto."),
            "auto" => cuda ? torch.CUDA : torch.CPU,
            _ => throw new ArgumentException($"--device '{name}' is not one of cpu, cuda, auto."),
        };
    }
}
