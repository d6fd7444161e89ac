#pragma once

#include <QObject>

class QSocketNotifier;

namespace rill {

// Ends the event loop on SIGINT, SIGTERM or SIGHUP, so that Ctrl+C or a
// service manager's stop shuts Rill down through its destructors: runs end,
// agent processes and what they started are stopped, conversations are
// written. Without it these signals end the process on the spot and leave
// agent processes behind. A second signal ends the process at once (the
// handler is one-shot), should the shutdown itself hang.
class QuitOnSignal : public QObject
{
    Q_OBJECT
public:
    explicit QuitOnSignal(QObject *parent = nullptr);
    ~QuitOnSignal() override;

signals:
    void received(int signal); // before the event loop is asked to quit

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace rill
