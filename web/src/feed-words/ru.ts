import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Russian. */
export const ru: FeedWords = {
  "feeds.title": "Синхронизация с вашей календарной лентой",
  "feeds.intro":
    "Укажите https-адрес существующей календарной ленты (.ics) вашей организации, и календарь будет загружать её каждый час: новые события ждут проверки (у доверенных организаций публикуются сразу), изменённые обновляются, а события, исчезнувшие из ленты или отменённые в ней, отменяются здесь — но никогда не удаляются. Вероятные дубликаты событий, которые уже есть в календаре, повторно не создаются.",
  "feeds.organisation": "Организация",
  "feeds.url": "Адрес ленты",
  "feeds.urlHint": "Ссылка https:// на файл .ics, не более 1 МБ; не более 3 лент на организацию.",
  "feeds.add": "Добавить ленту",
  "feeds.added": "Лента добавлена; она будет загружена в течение нескольких минут.",
  "feeds.trusted": "{organisation} — доверенная организация: события из её лент публикуются без проверки",
  "feeds.trustedOn": "{organisation} теперь доверенная организация.",
  "feeds.trustedOff": "{organisation} больше не доверенная организация.",
  "feeds.listTitle": "Календарные ленты",
  "feeds.none": "Календарных лент пока нет.",
  "feeds.lastFetch": "Последняя загрузка",
  "feeds.never": "Ещё не загружалась",
  "feeds.result": "Результат",
  "feeds.result.ok": "Импортировано",
  "feeds.result.not_modified": "Без изменений с последней загрузки",
  "feeds.result.failed": "Ошибка",
  "feeds.error": "Текст ошибки",
  "feeds.failures": "Неудач подряд",
  "feeds.nextFetch": "Следующая загрузка",
  "feeds.summary": "Новых: {create}, обновлено: {update}, отменено: {cancel}, без изменений: {unchanged}, дубликатов: {duplicate}, отклонено: {refuse}.",
  "feeds.report": "Записи последнего импорта",
  "feeds.fetchNow": "Загрузить сейчас",
  "feeds.fetching": "Загрузка…",
  "feeds.fetched": "Загружено.",
  "feeds.remove": "Удалить",
  "feeds.removed": "Лента удалена; её события остаются в календаре.",
};
