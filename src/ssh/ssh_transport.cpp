// The libssh adapter lives here (SshTransport).
