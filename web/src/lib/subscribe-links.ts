/**
 * Where a calendar feed can be subscribed to besides the reader's own calendar app (webcal:):
 * Google Calendar and Outlook take the feed's address in a link of theirs and ask the reader to
 * confirm there. Apps without a webcal handler take the https address, pasted.
 */
export interface SubscribeTargets {
  https: string;
  webcal: string;
  google: string;
  outlook: string;
  office: string;
}

export function subscribeTargets(feedUrl: string, name: string): SubscribeTargets {
  const https = feedUrl;
  const webcal = feedUrl.replace(/^https?:/, "webcal:");
  const addFromWeb = (host: string) => `https://${host}/calendar/0/addfromweb?url=${encodeURIComponent(https)}&name=${encodeURIComponent(name)}`;
  return {
    https,
    webcal,
    // Google takes the webcal address as `cid` and subscribes to it (it then polls over https).
    google: `https://calendar.google.com/calendar/render?cid=${encodeURIComponent(webcal)}`,
    outlook: addFromWeb("outlook.live.com"),
    office: addFromWeb("outlook.office.com"),
  };
}
