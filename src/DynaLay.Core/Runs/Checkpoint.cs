using System.Text.Json;
using TorchSharp;

namespace DynaLay.Runs;

/// <summary>
/// Module checkpoints. The weights file is written atomically, next to a manifest of tensor names and
/// shapes, so that loading into a different architecture fails with a message naming the tensors that
/// differ instead of a native error.
/// </summary>
public static class Checkpoint
{
    public static void Save(torch.nn.Module module, string path)
    {
        AtomicFile.Write(path, tmp => module.save(tmp));
        AtomicFile.WriteAllText(ManifestPath(path), JsonSerializer.Serialize(Manifest(module)));
    }

    public static void Load(torch.nn.Module module, string path)
    {
        if (!File.Exists(path))
            throw new RunException($"Checkpoint {path} is missing: the run did not finish an epoch, or the directory is not a run.");
        string manifestPath = ManifestPath(path);
        if (File.Exists(manifestPath))
        {
            Dictionary<string, long[]> saved;
            try { saved = JsonSerializer.Deserialize<Dictionary<string, long[]>>(File.ReadAllText(manifestPath)) ?? []; }
            catch (JsonException e)
            {
                throw new RunException($"{manifestPath}, the list of tensors in {Path.GetFileName(path)}, is damaged ({e.Message}). Copy it from the run that wrote the checkpoint, or train again.", e);
            }
            var expected = Manifest(module);
            var problems = new List<string>();
            foreach (var (name, shape) in expected)
            {
                if (!saved.TryGetValue(name, out var s)) problems.Add($"{name} missing");
                else if (!s.SequenceEqual(shape)) problems.Add($"{name} is [{string.Join(",", s)}], expected [{string.Join(",", shape)}]");
            }
            problems.AddRange(saved.Keys.Except(expected.Keys).Select(n => $"{n} not in this network"));
            if (problems.Count > 0)
            {
                // Batch norm with one set of statistics (before ModeBatchNorm) saved them as [C], not [patterns, C].
                bool sharedNorm = expected.Any(kv => kv.Key.EndsWith("norm.running_mean") && kv.Value.Length == 2
                    && saved.TryGetValue(kv.Key, out var s) && s.Length == 1);
                string wayOut = sharedNorm
                    ? "It was written before batch norm kept statistics per mode pattern; pretrain the network again (dynalay pretrain)."
                    : "Use the config.json of the run that wrote it.";
                throw new RunException($"Checkpoint {path} was written by another architecture than the one configured ({string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? "; ..." : "")}). {wayOut}");
            }
        }
        try { module.load(path, strict: true); }
        catch (Exception e) when (e is not RunException)
        {
            throw new RunException($"Checkpoint {path} could not be read ({e.Message}); it may be truncated or from another architecture.", e);
        }
    }

    private static string ManifestPath(string path) => path + ".json";

    private static Dictionary<string, long[]> Manifest(torch.nn.Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
}
