// ChatModel's tool-call steps: their arguments and results, and the approval
// a call may wait for (README, "Approval"). Kept apart from chatmodel.cpp.
#include "ui/widgets/chatmodel.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace rill {

namespace {

constexpr int kMaxSteps = 100; // as chatmodel.cpp: a step number past it is ignored

QString argumentsText(const QJsonValue &arguments)
{
    if (arguments.isString())
        return arguments.toString(); // what the model sent, not a JSON object
    if (arguments.isObject())
        return QString::fromUtf8(
            QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Indented))
            .trimmed();
    return {};
}

} // namespace

void ChatModel::setStepTool(int step, const QString &tool, const QJsonValue &arguments,
    const std::optional<QString> &result)
{
    if (step <= 0 || step > kMaxSteps)
        return;
    const QString text = argumentsText(arguments);
    changeStep(step, [&](PlanStep &target) {
        bool changed = std::exchange(target.tool, tool) != tool;
        changed |= std::exchange(target.arguments, text) != text;
        if (result)
            changed |= std::exchange(target.result, *result) != *result;
        return changed;
    });
}

void ChatModel::setStepApproval(int step, const QString &callId)
{
    if (step <= 0 || step > kMaxSteps || callId.isEmpty())
        return;
    changeStep(step,
        [&](PlanStep &target) { return std::exchange(target.approvalCallId, callId) != callId; });
}

void ChatModel::toggleStepDetail(int row, int step)
{
    if (row < 0 || row >= m_items.size() || m_items.at(row).kind != ChatItem::Kind::Plan)
        return;
    PlanSteps &steps = m_items[row].steps;
    if (step <= 0 || step > steps.size() || !steps.at(step - 1).hasToolDetail())
        return;
    steps[step - 1].expanded = !steps.at(step - 1).expanded;
    rowChanged(row, { Qt::DisplayRole, StepsRole });
}

} // namespace rill
