using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("DynaLay.Tests")]
