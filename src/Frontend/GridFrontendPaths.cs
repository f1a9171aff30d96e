namespace Beddengrid.Frontend;

public static class GridFrontendPaths
{
    public const string Hub = "/hubs/grid";
    public const string Feed = "/api/feed";
}
