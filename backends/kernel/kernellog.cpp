#include "kernel/kernellog.h"

Q_LOGGING_CATEGORY(lcKernel, "notebench.kernel", QtWarningMsg)
