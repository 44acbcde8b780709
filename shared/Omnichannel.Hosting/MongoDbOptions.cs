using System.ComponentModel.DataAnnotations;

namespace Omnichannel.Hosting;

/// <summary>The MongoDB deployment of the distributed way; bound from <c>MongoDb</c> (env <c>MongoDb__ConnectionString</c>...).</summary>
public sealed class MongoDbOptions
{
    public const string SectionName = "MongoDb";

    /// <summary>A replica set in production: <c>mongodb://m1,m2,m3/?replicaSet=rs0</c>.</summary>
    [Required]
    public string ConnectionString { get; set; } = "mongodb://127.0.0.1:27017";

    [Required]
    public string Database { get; set; } = "omnichannel";

    /// <summary>
    /// Acknowledge writes once a majority of the replica set has them (a failover cannot lose them).
    /// Turn off only for a single test node: a write acknowledged by one node can be rolled back.
    /// </summary>
    public bool MajorityWriteConcern { get; set; } = true;
}
