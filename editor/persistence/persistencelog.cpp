#include "persistence/persistencelog.h"

Q_LOGGING_CATEGORY(lcPersistence, "notebench.persistence", QtWarningMsg)
