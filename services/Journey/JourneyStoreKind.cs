namespace Omnichannel.Journey;

public enum JourneyStoreKind
{
    Sqlite = 1,
    MongoDb = 2,
}
