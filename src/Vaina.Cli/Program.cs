namespace Vaina.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("vaina version 0.1.0");
        return 0;
    }
}
