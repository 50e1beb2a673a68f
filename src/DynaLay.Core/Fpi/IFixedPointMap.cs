using static TorchSharp.torch;

namespace DynaLay.Fpi;

/// <summary>A map z &lt;- f(z, u) that is a contraction in z, so it has a unique fixed point for each u.</summary>
public interface IFixedPointMap
{
    /// <summary>f(z, u) for a batch; z and u have the batch in dimension 0.</summary>
    Tensor Apply(Tensor z, Tensor u);
}
