namespace DynaLay;
internal static class Placeholder { }
