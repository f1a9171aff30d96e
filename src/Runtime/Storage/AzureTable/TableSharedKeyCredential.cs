using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Beddengrid.Runtime;

/// <summary>Signs requests with the Table service's SharedKey scheme.</summary>
internal sealed class TableSharedKeyCredential(string accountName, byte[] accountKey)
{
    public void Sign(HttpRequestMessage request, DateTimeOffset now)
    {
        var date = now.ToString("R", CultureInfo.InvariantCulture);
        request.Headers.Add("x-ms-date", date);
        var stringToSign = string.Join('\n',
            request.Method.Method,
            request.Content?.Headers.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "",
            request.Content?.Headers.ContentType?.ToString() ?? "",
            date,
            CanonicalizedResource(request.RequestUri!));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {accountName}:{signature}");
    }

    // "/account" + the encoded path. Of the query only comp= is signed, and no request of this client has one.
    // Against Azurite the path itself starts with the account ("/devstoreaccount1/devstoreaccount1/Tables"), as the service expects.
    private string CanonicalizedResource(Uri uri) => $"/{accountName}{uri.AbsolutePath}";
}
