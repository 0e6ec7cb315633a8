import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Russian. */
export const ru: ObservanceWords = {
  "obs.title": "Памятные даты и закрытые периоды",
  "obs.intro":
    "Дни, когда люди региона заняты в другом месте. Мероприятие в закрытый период — серьёзное пересечение, и поиск дат никогда его не предлагает; памятная дата считается средним пересечением.",
  "obs.none": "В ближайший год нет памятных дат и закрытых периодов.",
  "obs.kind": "Вид",
  "obs.titleField": "Название",
  "obs.startsOn": "Первый день",
  "obs.endsOn": "Последний день",
  "obs.countries": "Страны (ни одной: весь регион)",
  "obs.wholeRegion": "весь регион",
  "obs.new": "Добавить период",
  "obs.editTitle": "Изменить этот период",
  "obs.add": "Добавить",
  "obs.change": "Изменить",
  "obs.delete": "Удалить",
  "obs.saved": "Сохранено: {title}.",
  "obs.deleted": "Удалено: {title}.",
};
