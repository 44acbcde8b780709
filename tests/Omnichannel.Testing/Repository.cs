namespace Omnichannel.Testing;

/// <summary>The repository the tests were built from, for the tests that read its files (compose file, sources).</summary>
public static class Repository
{
    /// <summary>The folder of Omnichannel.sln, above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Omnichannel.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Omnichannel.sln not found above the test binaries.");
    }
}
