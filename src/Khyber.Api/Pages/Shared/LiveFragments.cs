using System.Globalization;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Khyber.Api.Pages.Shared;

/// <summary>
/// The regions of live pages, rendered alone (<c>/live/…</c>) for the pages that watch the event stream: each region is
/// rendered once per version and language, whoever asks — a thousand open boards after one call cost one render per
/// region, not a thousand pages.
/// </summary>
/// <remarks>
/// A region's version is a digest of what it shows (the <see cref="StatusBoard"/>'s tag of the crossing, a call's number),
/// so the rendered HTML is kept under it and answered with the same strong <c>ETag</c> (<see cref="PublicCaching"/>).
/// Only the latest version of each region and language is kept.
/// </remarks>
public sealed class LiveFragments(IRazorViewEngine views, ITempDataProvider tempData, WorkCounters counters)
{
    private readonly Dictionary<(string Region, string Culture), (string Version, string Html)> _kept = [];
    private readonly Lock _keptLock = new();
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 16).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>The region's HTML at <paramref name="version"/> in the request's language, rendered from <paramref name="partial"/> only if not yet kept.</summary>
    /// <remarks>The kind is what is counted as rendered (<see cref="WorkCounters.RegionRendered"/>): "status", "call".</remarks>
    public async Task<string> GetAsync(ActionContext context, string kind, string region, string version, string partial, object model)
    {
        var key = (region, CultureInfo.CurrentUICulture.Name);
        if (Kept(key, version) is { } hit)
        {
            return hit;
        }
        var gate = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(region) % (uint)_stripes.Length)];
        await gate.WaitAsync(context.HttpContext.RequestAborted);
        try
        {
            if (Kept(key, version) is { } ready)
            {
                return ready;
            }
            var html = await RenderAsync(context, partial, model);
            counters.RegionRendered(kind);
            lock (_keptLock)
            {
                // Each call is a region of its own: keep memory bounded however long the log grows.
                if (_kept.Count > 10_000)
                {
                    _kept.Clear();
                }
                _kept[key] = (version, html);
            }
            return html;
        }
        finally
        {
            gate.Release();
        }
    }

    private string? Kept((string, string) key, string version)
    {
        lock (_keptLock)
        {
            return _kept.TryGetValue(key, out var kept) && kept.Version == version ? kept.Html : null;
        }
    }

    private async Task<string> RenderAsync(ActionContext context, string partial, object model)
    {
        var found = views.GetView(executingFilePath: null, viewPath: partial, isMainPage: false);
        var view = found.View ?? throw new InvalidOperationException($"No partial view {partial}.");
        await using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var data = new ViewDataDictionary(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var viewContext = new ViewContext(context, view, data, new TempDataDictionary(context.HttpContext, tempData), writer, new HtmlHelperOptions());
        await view.RenderAsync(viewContext);
        return writer.ToString();
    }
}
