using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is what outside clients are generated from: every operation must say what it takes and
/// what it answers, and the document served must be the one committed in docs/openapi.json, so that any change to
/// the API shows in review.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    /// <summary>Set to 1 to write the served document to docs/openapi.json instead of comparing.</summary>
    public const string UpdateVariable = "KHYBER_UPDATE_OPENAPI";

    [Fact]
    public async Task Every_operation_states_its_request_body_its_success_answer_and_its_problems()
    {
        await using var app = await TestApp.StartAsync();
        var document = await app.Anonymous().GetJson("/openapi/v1.json");
        var failures = new List<string>();
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
            {
                operations++;
                var op = method.Value;
                var name = $"{method.Name.ToUpperInvariant()} {path.Name}";
                var writes = method.Name is "post" or "put" or "patch";
                var hasBody = op.TryGetProperty("requestBody", out var body);
                if (writes && !hasBody)
                {
                    failures.Add($"{name}: no request body");
                }
                if (hasBody && (!body.GetProperty("content").TryGetProperty("application/json", out _) || !HasSchema(body.GetProperty("content"))))
                {
                    failures.Add($"{name}: the request body has no JSON schema");
                }
                var responses = op.GetProperty("responses").EnumerateObject().ToList();
                var success = responses.Where(r => r.Name.StartsWith('2')).ToList();
                if (success.Count == 0)
                {
                    failures.Add($"{name}: no 2xx answer");
                }
                foreach (var ok in success.Where(r => r.Name != "204"))
                {
                    if (!ok.Value.TryGetProperty("content", out var content) || !HasSchema(content))
                    {
                        failures.Add($"{name}: {ok.Name} has no schema");
                    }
                }
                foreach (var problem in responses.Where(r => r.Name[0] is '4' or '5'))
                {
                    if (!problem.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
                    {
                        failures.Add($"{name}: {problem.Name} is not described as a problem");
                    }
                }
                if (op.TryGetProperty("security", out _) && responses.All(r => r.Name != "401"))
                {
                    failures.Add($"{name}: needs a token but does not list 401");
                }
                if (hasBody && body.TryGetProperty("required", out var required) && required.GetBoolean() && responses.All(r => r.Name is not ("400" or "422")))
                {
                    failures.Add($"{name}: takes a body but lists neither 400 nor 422");
                }
                if (!op.TryGetProperty("summary", out _) || !op.TryGetProperty("operationId", out _))
                {
                    failures.Add($"{name}: no summary or operationId");
                }
            }
        }
        Assert.True(operations >= 47, $"only {operations} operations in the document");
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The POST that creates a notice answers 201 with the notice, as the contract says.
        var issue = document.GetProperty("paths").GetProperty("/api/v1/crossings/{id}/notices").GetProperty("post");
        Assert.True(issue.GetProperty("responses").TryGetProperty("201", out _));
        Assert.False(issue.GetProperty("responses").TryGetProperty("200", out _));
        // Text fields are strings, and the fields a request needs are listed as required.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal("string", schemas.GetProperty("NoticeView").GetProperty("properties").GetProperty("crossingId").GetProperty("type").GetString());
        Assert.Equal(["gateState", "directions", "reasonCategory", "effectiveFrom"],
            schemas.GetProperty("IssueNoticeRequest").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_served_document_is_the_one_committed_in_docs()
    {
        await using var app = await TestApp.StartAsync();
        var served = JsonNode.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var file = Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(file, text);
            return;
        }
        Assert.True(File.Exists(file), $"{file} is missing: run the tests with {UpdateVariable}=1 to write it");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.True(JsonNode.DeepEquals(committed, served),
            $"The API changed but docs/openapi.json did not: review the change, then run `{UpdateVariable}=1 dotnet test tests/Khyber.Api.Tests --filter OpenApiDocumentTests` and commit the file.");
    }

    private static bool HasSchema(JsonElement content) =>
        content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out var schema) && schema.EnumerateObject().Any());

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Khyber.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }
}
