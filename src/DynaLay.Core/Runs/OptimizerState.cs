using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DynaLay.Runs;

/// <summary>
/// Saves and restores an optimizer exactly: its moments and step counts, and which of its parameters hold a
/// gradient. The latter matters because zero_grad zeroes a gradient without removing it, so Adam keeps
/// moving a parameter that once had one (a layer a batch did not use) and skips one that never had; restored
/// parameters have none, and without the flags a resumed run would skip what the uninterrupted one moved.
/// </summary>
public static class OptimizerState
{
    public static void Write(BinaryWriter writer, optim.Optimizer optimizer)
    {
        var helper = Helper(optimizer);
        helper.save_state_dict(writer);
        var parameters = helper.parameters().ToList();
        writer.Write(parameters.Count);
        foreach (var p in parameters) writer.Write(p.grad is not null);
    }

    public static void Read(BinaryReader reader, optim.Optimizer optimizer)
    {
        var helper = Helper(optimizer);
        helper.load_state_dict(reader);
        var parameters = helper.parameters().ToList();
        int count = reader.ReadInt32();
        if (count != parameters.Count)
            throw new InvalidDataException($"The saved optimizer had {count} parameters; this one has {parameters.Count}.");
        using var _ = no_grad();
        foreach (var p in parameters)
        {
            bool hadGradient = reader.ReadBoolean();
            p.grad = hadGradient ? zeros_like(p) : null;
        }
    }

    private static OptimizerHelper Helper(optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper ?? throw new NotSupportedException($"{optimizer.GetType().Name} cannot save its state.");
}
