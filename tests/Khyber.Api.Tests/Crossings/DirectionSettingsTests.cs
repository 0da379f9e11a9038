using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Crossings;

public sealed class DirectionSettingsTests
{
    private static Task<HttpResponseMessage> Patch(HttpClient client, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = System.Net.Http.Json.JsonContent.Create(body) });

    [Fact]
    public async Task An_administrator_opening_more_lanes_shortens_the_estimated_wait_at_once()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        for (var i = 0; i < 12; i++)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        }
        var before = (await app.Anonymous().GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0];
        Assert.Equal(30, before.GetProperty("estimatedWaitMinutes").GetProperty("general").GetDouble()); // 12 ahead, 4 lanes × 6 an hour

        var changed = await (await Patch(await app.As("admin"), "/api/v1/crossings/torkham/directions/PK-AF", new { lanesOpen = 6 })).Json(HttpStatusCode.OK);
        Assert.Equal(36, changed.GetProperty("capacityPerHour").GetDouble());

        var after = (await app.Anonymous().GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0];
        Assert.Equal(6, after.GetProperty("lanesOpen").GetInt32());
        Assert.Equal(20, after.GetProperty("estimatedWaitMinutes").GetProperty("general").GetDouble());
        var audit = (await (await app.As("pk.liaison")).GetJson("/api/v1/audit?after=0")).EnumerateArray().Last();
        Assert.Equal(("admin", "ChangeDirectionSettings"), (audit.GetProperty("actor").GetString(), audit.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Only_an_administrator_changes_lanes_and_policies()
    {
        await using var app = await TestApp.StartAsync();
        await (await Patch(app.Anonymous(), "/api/v1/crossings/torkham/directions/PK-AF", new { lanesOpen = 5 })).Problem(HttpStatusCode.Unauthorized);
        foreach (var user in new[] { "pk.officer.torkham", "pk.liaison", "carrier.demo" })
        {
            await (await Patch(await app.As(user), "/api/v1/crossings/torkham/directions/PK-AF", new { lanesOpen = 5 })).Problem(HttpStatusCode.Forbidden);
        }
        Assert.Equal(4, (await app.Anonymous().GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0].GetProperty("lanesOpen").GetInt32());
    }

    [Theory]
    [InlineData("lanesOpen", 7)]
    [InlineData("lanesOpen", -1)]
    [InlineData("lanesMax", 0)]
    [InlineData("lanesMax", 3)]
    [InlineData("trucksPerLanePerHour", 0)]
    [InlineData("perishableShare", 1.5)]
    [InlineData("ageingBoundHours", 0.5)]
    public async Task Settings_out_of_range_are_refused_naming_the_field_and_change_nothing(string field, double value)
    {
        await using var app = await TestApp.StartAsync();
        var body = new Dictionary<string, object> { [field] = field is "lanesOpen" or "lanesMax" ? (int)value : value };
        await (await Patch(await app.As("admin"), "/api/v1/crossings/torkham/directions/PK-AF", body)).Problem(HttpStatusCode.UnprocessableEntity, field);
        var direction = (await app.Anonymous().GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0];
        Assert.Equal((4, 6, 24.0), (direction.GetProperty("lanesOpen").GetInt32(), direction.GetProperty("lanesMax").GetInt32(), direction.GetProperty("capacityPerHour").GetDouble()));
    }
}
