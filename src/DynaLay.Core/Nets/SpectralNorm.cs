using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Nets;

/// <summary>
/// Power iteration for the largest singular value of a linear operator A given as a function and its
/// adjoint (TorchSharp 0.107 has no spectral_norm). The estimate vector lives in a module buffer so
/// that it is checkpointed; one step per training forward keeps it tracking the weights (Miyato et al.).
/// </summary>
public static class SpectralNorm
{
    /// <summary>One power-iteration step on the buffer in place: v &lt;- A^T A v / ||A^T A v||.</summary>
    public static void Step(Tensor vector, Func<Tensor, Tensor> apply, Func<Tensor, Tensor> adjoint, int steps = 1)
    {
        using var _ = no_grad();
        for (int i = 0; i < steps; i++)
        {
            using var av = apply(vector);
            using var atav = adjoint(av);
            using var norm = atav.norm();
            using var next = atav / (norm + 1e-12);
            vector.copy_(next);
        }
    }

    /// <summary>sigma = ||A v|| for the unit estimate v, differentiable in the weights of A.</summary>
    public static Tensor Sigma(Tensor vector, Func<Tensor, Tensor> apply)
    {
        using var av = apply(vector);
        return av.norm();
    }
}
