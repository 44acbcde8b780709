using Omnichannel.Portal.Users;

namespace Omnichannel.Host;

/// <summary><c>hash-password</c>: reads a password on standard input, prints the hash for <c>Portal__Users__N__PasswordHash</c>.</summary>
public static class PasswordCommand
{
    public static int Run(TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var password = input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            output.WriteLine("Give the password on standard input, e.g.: echo 'secret' | dotnet run --project services/Host -- hash-password");
            return 2;
        }

        output.WriteLine(UserDirectory.Hash(password));
        return 0;
    }
}
