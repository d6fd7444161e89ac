#include "ui/widgets/theme.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace rill {

namespace {

const QString kThemeKey = QStringLiteral("appearance/theme");

void setDisabled(QPalette &palette, const QColor &text)
{
    for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        palette.setColor(QPalette::Disabled, role, text);
}

} // namespace

std::optional<Theme> Themes::fromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == QLatin1String("system"))
        return Theme::System;
    if (lower == QLatin1String("light"))
        return Theme::Light;
    if (lower == QLatin1String("dark"))
        return Theme::Dark;
    return std::nullopt;
}

QString Themes::name(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

QPalette Themes::light()
{
    QPalette palette(QColor(0xef, 0xef, 0xef)); // Fusion's button grey, its shades derived
    palette.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    palette.setColor(QPalette::WindowText, QColor(0x1f, 0x1f, 0x1f));
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf5, 0xf5));
    palette.setColor(QPalette::Text, QColor(0x1f, 0x1f, 0x1f));
    palette.setColor(QPalette::ButtonText, QColor(0x1f, 0x1f, 0x1f));
    palette.setColor(QPalette::PlaceholderText, QColor(0x6b, 0x6b, 0x6b));
    palette.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    palette.setColor(QPalette::ToolTipText, Qt::black);
    // Darker than Fusion's #308cc6, under which white text reads at 3.6:1.
    palette.setColor(QPalette::Highlight, QColor(0x1f, 0x66, 0xb3));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x0b, 0x57, 0xd0));
    palette.setColor(QPalette::LinkVisited, QColor(0x6e, 0x3c, 0xb0));
    setDisabled(palette, QColor(0x8a, 0x8a, 0x8a));
    return palette;
}

QPalette Themes::dark()
{
    QPalette palette(QColor(0x33, 0x35, 0x39)); // buttons; their 3D shades derived
    palette.setColor(QPalette::Window, QColor(0x24, 0x25, 0x29));
    palette.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Base, QColor(0x1b, 0x1c, 0x1f));
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x27, 0x2b));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    palette.setColor(QPalette::ToolTipBase, QColor(0x33, 0x35, 0x39));
    palette.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Highlight, QColor(0x2a, 0x5f, 0xb8));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    palette.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    setDisabled(palette, QColor(0x80, 0x83, 0x88));
    return palette;
}

ThemeSwitcher::ThemeSwitcher(QApplication *application, QObject *parent)
    : QObject(parent)
    , m_application(application)
    , m_systemStyle(application->style()->name())
    , m_systemPalette(QApplication::palette())
{ }

Theme ThemeSwitcher::stored()
{
    return Themes::fromName(QSettings().value(kThemeKey).toString()).value_or(Theme::System);
}

void ThemeSwitcher::apply(Theme theme)
{
    if (theme == Theme::System) {
        if (QStyle *style = QStyleFactory::create(m_systemStyle))
            m_application->setStyle(style);
        QApplication::setPalette(m_systemPalette);
    } else {
        // Fusion draws with the palette it is given; a desktop style (GTK's,
        // say) may paint its own colours over a dark palette.
        m_application->setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(theme == Theme::Dark ? Themes::dark() : Themes::light());
    }
    if (theme == m_current)
        return;
    m_current = theme;
    emit themeChanged(theme);
}

void ThemeSwitcher::choose(Theme theme)
{
    QSettings().setValue(kThemeKey, Themes::name(theme));
    apply(theme);
}

} // namespace rill
