namespace DynaLay.Data;

/// <summary>What kind of samples a dataset holds, and so which network front end reads them.</summary>
public enum Modality
{
    Image,
    Text,
}
