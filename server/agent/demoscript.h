#pragma once

#include "server/protocol/message.h"

#include <QList>
#include <QString>

namespace rill {

// The scripted run of the demo music assistant (DESIGN.md "The demo agent"):
// greeting, the three-step plan, each step running then done, the answer.
// Kept apart from the timing so it can be read and tested as plain data.
struct DemoScript
{
    struct Options
    {
        QString userMessage;
        QString language = QStringLiteral("zh_CN");
        int failAtStep = 0; // 1-based; 0 never fails
        // Benchmarks (rill --serve --bench) ask for longer plans and bigger
        // events; the defaults are the seed's three steps, unpadded.
        int steps = 3;
        int payloadBytes = 0; // ASCII padding appended to each plan and step event

        friend bool operator==(const Options &, const Options &) = default;
    };

    QList<Message> messages; // in emission order, the answer last
    QString failureReason; // set when the run ends in a failure after `messages`

    static DemoScript build(const Options &options);

    // The song the user asked for, if the message names one ("我想听晴天" → 晴天).
    static QString songFrom(const QString &userMessage);
};

} // namespace rill
