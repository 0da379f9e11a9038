using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Khyber.Api.Infrastructure;

/// <summary>Bearer tokens: signed JWTs that carry the user's role, side, scope and session, and expire soon (15 minutes unless configured): a refresh token renews them (<see cref="Sessions"/>).</summary>
public sealed class TokenIssuer
{
    public const string Issuer = "khyber";
    public const string Audience = "khyber-api";
    public const string RoleClaim = "role";
    public const string SideClaim = "side";
    public const string CrossingClaim = "crossing";
    public const string CarrierClaim = "carrier";

    /// <summary>The account's security stamp when the token or cookie was issued; see <see cref="Sessions"/>.</summary>
    public const string StampClaim = "stamp";

    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public TokenIssuer(IConfiguration config, TimeProvider time, ILogger<TokenIssuer> log)
    {
        _time = time;
        _lifetime = TimeSpan.FromMinutes(config.GetValue("Auth:TokenLifetimeMinutes", 15));
        var configured = config["Auth:SigningKey"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            // Without a configured key, tokens are valid for this process only — fine for one demo server.
            log.LogWarning("Auth:SigningKey is not set: using a random key; tokens will not survive a restart or work on another instance.");
            Key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        }
        else
        {
            var bytes = Encoding.UTF8.GetBytes(configured);
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
            }
            Key = new SymmetricSecurityKey(bytes);
        }
    }

    public SymmetricSecurityKey Key { get; }

    public (string Token, DateTimeOffset ExpiresAt) Issue(KhyberUser user, Guid session)
    {
        var now = _time.GetUtcNow();
        var expires = now + _lifetime;
        var claims = ClaimsOf(user, session);
        claims.Add(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>Who the user is, as both the bearer token and the pages' cookie carry it: name, role, side, crossing, carrier, and the session.</summary>
    public static List<Claim> ClaimsOf(KhyberUser user, Guid session)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.UserName!),
            new(RoleClaim, user.Role.ToString().ToLowerInvariant()),
        };
        if (user.Side is { } side)
        {
            claims.Add(new Claim(SideClaim, side.ToString()));
        }
        if (user.CrossingId is { } crossing)
        {
            claims.Add(new Claim(CrossingClaim, crossing));
        }
        if (user.CarrierId is { } carrier)
        {
            claims.Add(new Claim(CarrierClaim, carrier));
        }
        claims.Add(new Claim(StampClaim, user.SecurityStamp ?? ""));
        claims.Add(new Claim(Sessions.SessionClaim, session.ToString()));
        return claims;
    }
}

public static class AuthSetup
{
    public static IServiceCollection AddKhyberAuth(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<TokenIssuer>();
        services.AddScoped<Sessions>();
        services.AddKhyberAccounts(config).AddSignInManager();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenIssuer, TimeProvider>((o, issuer, time) =>
            {
                o.MapInboundClaims = false;
                o.TimeProvider = time;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenIssuer.Issuer,
                    ValidAudience = TokenIssuer.Audience,
                    IssuerSigningKey = issuer.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = TokenIssuer.RoleClaim,
                    // Expiry is judged by the injected clock, without the default five minutes' grace.
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return expires is { } e && e > now && (notBefore is not { } nb || nb <= now.AddSeconds(30));
                    },
                };
                o.Events = new JwtBearerEvents
                {
                    // A valid signature is not enough: the account must still be enabled, with the password it had, and the session going.
                    OnTokenValidated = async context =>
                    {
                        if (!await Sessions.StillValidAsync(context.HttpContext, context.Principal, context.HttpContext.RequestAborted))
                        {
                            context.Fail(Sessions.Ended);
                        }
                    },
                };
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// The accounts and their passwords — ASP.NET Core Identity over the Khyber database, with the password rules, the
    /// lockout and the hashing the server uses — for the server and for the command line alike, so that an account
    /// created by <c>khyber admin init</c> is created under the same rules as one created through the API.
    /// </summary>
    /// <remarks>
    /// Password rules (Identity's, with a longer minimum): at least 8 characters, with a lower-case letter, an upper-case
    /// letter, a digit and a character that is neither a letter nor a digit. Five wrong passwords in a row lock the account
    /// for 15 minutes.
    /// </remarks>
    public static IdentityBuilder AddKhyberAccounts(this IServiceCollection services, IConfiguration config)
    {
        // Identity's default (100,000 PBKDF2 iterations) unless configured; each hash records its own count.
        var iterations = config.GetValue<int?>("Auth:PasswordHashIterations");
        if (iterations is > 0)
        {
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations.Value);
        }
        services.AddScoped<Users.Accounts>();
        services.AddScoped<Auth.SecondFactors>();
        return services.AddIdentityCore<KhyberUser>(o =>
            {
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<KhyberDb>();
    }

    /// <summary>The caller as the permission rules see them, read from the token's claims.</summary>
    public static Actor Actor(this ClaimsPrincipal user)
    {
        var name = user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw Problems.Forbidden("The token names no user.");
        if (!Enum.TryParse<Role>(user.FindFirstValue(TokenIssuer.RoleClaim), ignoreCase: true, out var role))
        {
            throw Problems.Forbidden("The token carries no known role.");
        }
        Side? side = Enum.TryParse<Side>(user.FindFirstValue(TokenIssuer.SideClaim), out var s) ? s : null;
        return new Actor(name, role, side, user.FindFirstValue(TokenIssuer.CrossingClaim), user.FindFirstValue(TokenIssuer.CarrierClaim));
    }

    public static void Require(bool allowed, string why)
    {
        if (!allowed)
        {
            throw Problems.Forbidden(why);
        }
    }
}
