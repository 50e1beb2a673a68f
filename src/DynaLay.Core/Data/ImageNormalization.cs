namespace DynaLay.Data;

/// <summary>Per-channel mean and standard deviation of pixels scaled to [0,1].</summary>
public sealed record ImageNormalization(float[] Mean, float[] Std)
{
    public static readonly ImageNormalization Cifar10 = new([0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]);

    public static readonly ImageNormalization Cifar100 = new([0.5071f, 0.4865f, 0.4409f], [0.2673f, 0.2564f, 0.2762f]);

    public static readonly ImageNormalization FashionMnist = new([0.2860f], [0.3530f]);
}
