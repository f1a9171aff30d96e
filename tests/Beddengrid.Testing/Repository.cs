namespace Beddengrid.Testing;

/// <summary>The checkout the tests run from, found as the folder holding Beddengrid.sln above the test binaries.</summary>
public static class Repository
{
    private static readonly Lazy<string> FoundRoot = new(FindRoot);

    public static string Root => FoundRoot.Value;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Beddengrid.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No folder containing Beddengrid.sln above {AppContext.BaseDirectory}; these tests must run from within the repository.");
    }
}
