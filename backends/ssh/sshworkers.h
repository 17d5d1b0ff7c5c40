#pragma once

class QThread;

namespace Notebench::Ssh {

/// The worker threads of SSH and SFTP sessions. Their owners never wait for them, since a libssh
/// call may block until its timeout; but the process must not exit under a worker that still runs:
/// exit() tears down libssh and OpenSSL, and a worker still closing its channels would use them.
/// main() and test fixtures wait here before returning.
class SshWorkers
{
public:
    /// Follows `thread` until it finishes.
    static void adopt(QThread *thread);
    /// Waits until every adopted thread has finished, at most `milliseconds`; false on time out.
    static bool waitForAll(int milliseconds);
};

} // namespace Notebench::Ssh
