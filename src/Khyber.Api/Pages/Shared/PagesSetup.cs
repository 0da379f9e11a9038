using System.Globalization;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;

namespace Khyber.Api.Pages.Shared;

/// <summary>
/// The web pages beside the API: Razor Pages, a sign-in cookie for them, the four languages, and the
/// static files (one stylesheet, one script).
/// </summary>
/// <remarks>
/// The API keeps its bearer tokens: a policy scheme sends every <c>/api</c> request to the JWT handler
/// (so a missing token is still a 401 problem, never a redirect) and every page request to the cookie.
/// </remarks>
public static class PagesSetup
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string ChooserScheme = "khyber";

    /// <summary>English, Urdu, Pashto, Dari — the last three written right to left.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["en", "ur", "ps", "fa-AF"];

    private static readonly CultureInfo EnglishFormats = CultureInfo.GetCultureInfo("en-GB");

    public static IServiceCollection AddKhyberPages(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Officer", Roles.Officer);
            o.Conventions.AuthorizeFolder("/Liaison", Roles.Liaison);
            o.Conventions.AuthorizeFolder("/Carrier", Roles.Carrier);
            o.Conventions.AuthorizeFolder("/Admin", Roles.Admin);
        });
        services.AddHttpContextAccessor();
        services.AddAuthentication()
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "khyber.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // As for bearer tokens: a disabled account, or one whose password changed, is signed out at its next request.
                o.Events.OnValidatePrincipal = async context =>
                {
                    if (!await Sessions.StillValidAsync(context.HttpContext, context.Principal, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                    }
                };
            })
            .AddPolicyScheme(ChooserScheme, "Bearer token for the API, cookie for the pages", o =>
                o.ForwardDefaultSelector = http => http.Request.Path.StartsWithSegments("/api") ? JwtBearerDefaults.AuthenticationScheme : CookieScheme);
        services.Configure<AuthenticationOptions>(o => o.DefaultScheme = ChooserScheme);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Officer, p => p.RequireClaim(TokenIssuer.RoleClaim, Roles.Officer))
            .AddPolicy(Roles.Liaison, p => p.RequireClaim(TokenIssuer.RoleClaim, Roles.Liaison))
            .AddPolicy(Roles.Carrier, p => p.RequireClaim(TokenIssuer.RoleClaim, Roles.Carrier))
            .AddPolicy(Roles.Admin, p => p.RequireClaim(TokenIssuer.RoleClaim, Roles.Admin));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var supported = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = supported;
            o.SupportedUICultures = supported;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // ?culture=ps first, then the remembered choice, then what the browser asks for.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>Static files, the language of each page request (remembered when chosen in the URL) and the pages' content security policy.</summary>
    public static IApplicationBuilder UseKhyberPages(this WebApplication app)
    {
        var roots = new[] { Path.Combine(AppContext.BaseDirectory, "wwwroot"), app.Environment.WebRootPath }
            .Where(p => !string.IsNullOrEmpty(p) && Directory.Exists(p))
            .Select(p => (IFileProvider)new PhysicalFileProvider(p!))
            .ToArray();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new CompositeFileProvider(roots) });
        // The API answers in its own, invariant terms; only pages take a language.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), pages =>
        {
            pages.UseRequestLocalization();
            pages.Use(async (http, next) =>
            {
                // English words, but dates the way Pakistan and Afghanistan write them: day before month, 24-hour clock.
                if (CultureInfo.CurrentCulture.Name == "en")
                {
                    CultureInfo.CurrentCulture = EnglishFormats;
                }
                RememberChosenCulture(http);
                // A page loads its own stylesheet, script and images; the other headers are every answer's (SecurityHeaders).
                http.Response.Headers.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
                await next(http);
            });
        });
        return app;
    }

    /// <summary>
    /// A page session limited to enrolling a second factor (its role requires one, and none is enrolled) reaches the
    /// enrolment page and signing out, nothing else: every other page sends it to the enrolment.
    /// </summary>
    public static IApplicationBuilder UseKhyberEnrolmentGate(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            if (http.User.HasClaim(Account.LoginModel.EnrolOnlyClaim, "true")
                && !http.Request.Path.StartsWithSegments("/account/second-factor") && !http.Request.Path.StartsWithSegments("/account/logout"))
            {
                http.Response.Redirect("/account/second-factor");
                return;
            }
            await next(http);
        });

    public static IEndpointRouteBuilder MapKhyberPages(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        return app;
    }

    private static void RememberChosenCulture(HttpContext http)
    {
        var chosen = http.Request.Query["culture"].ToString();
        if (chosen.Length == 0 || !Cultures.Contains(chosen, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        var culture = Cultures.First(c => string.Equals(c, chosen, StringComparison.OrdinalIgnoreCase));
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = now.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, Path = "/" });
    }
}

/// <summary>The role names as the claims carry them, used as the pages' policy names.</summary>
public static class Roles
{
    public const string Carrier = "carrier";
    public const string Officer = "officer";
    public const string Liaison = "liaison";
    public const string Admin = "admin";
}
