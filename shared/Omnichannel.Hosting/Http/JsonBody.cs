using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Omnichannel.Hosting.Http;

/// <summary>Reads a request's JSON body within a size limit, or says why it cannot: 415, 413 or 400.</summary>
public static class JsonBody
{
    public static async Task<(JsonDocument? Document, IResult? Refusal)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        // JSON between systems is UTF-8 (RFC 8259 §8.1): another charset would be read as garbage.
        if (mediaType.Charset.HasValue && !(mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset", "Send the body as application/json in UTF-8: no other charset is read."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>();
        var total = 0;
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Advance(read);
        }

        if (total == 0)
        {
            return (null, Invalid("is required: a JSON body."));
        }

        try
        {
            return (JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 16 }), null);
        }
        catch (JsonException e)
        {
            return (null, Invalid($"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }
    }

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static IResult Invalid(string reason) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["$"] = [reason] },
        title: "The request is not valid.",
        detail: "See 'errors': each JSON path with the reasons it was refused. Nothing was changed.",
        type: "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1");

    private static IResult TooLarge(int maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body must be at most {maxBytes} bytes.");
}
