using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace Omnichannel.Portal.Audit.Mongo;

/// <summary>One audit entry in the <c>audit</c> collection; the ObjectId orders entries by insertion.</summary>
internal sealed class AuditDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("at")]
    public DateTime At { get; set; }

    [BsonElement("user")]
    public string User { get; set; } = "";

    [BsonElement("personId")]
    public string PersonId { get; set; } = "";

    [BsonElement("reason")]
    public string Reason { get; set; } = "";

    [BsonElement("via")]
    public string Via { get; set; } = "";
}
