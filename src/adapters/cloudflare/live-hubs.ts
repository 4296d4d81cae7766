/** Which LiveUpdateHub instance serves a topic: one per title, one per person. */
import type { LiveTopic } from '../../services/availability/ports';

export function liveHub(ns: Env['LIVE_UPDATES'], topic: LiveTopic) {
  // Content ids are lowercase slugs without ':', so the two kinds of name never collide.
  return ns.get(ns.idFromName('userId' in topic ? `user:${topic.userId}` : topic.contentId));
}
