/** The GraphQL schema (SDL). Field names follow the REST JSON; resolvers live in ./resolvers. */
export const typeDefs = /* GraphQL */ `
  type Query {
    search(query: String!, region: String = "US", limit: Int = 20, cursor: String): SearchResponse!
    content(id: ID!, region: String): Content
    "An actor or director with a page of their films, newest first (as REST /api/v1/people/:id); null when unknown."
    person(id: ID!, limit: Int = 24, cursor: String): Person
    contentByIds(ids: [ID!]!, region: String): [Content]!
    platforms: [Platform!]!
    "Where a title streams in a region; verify: true checks stale offers with the platforms (as REST ?verify=true)."
    platformAvailability(contentId: ID!, region: String = "US", verify: Boolean = false): AvailabilityReport!
    "The signed-in caller; null when anonymous."
    me: User
    "An account: your own, or anyone's for admins (as REST /api/v1/users/:id)."
    user(id: ID!): User
    "Titles trending in a region over the last day or week (as REST /api/v1/trending)."
    trending(window: TrendingWindow = day, region: String = "US", limit: Int = 20): TrendingResponse!
    "The signed-in caller's recommendations (as REST /api/v1/recommendations); anyPlatform includes titles off their platforms."
    recommendations(limit: Int = 20, region: String, anyPlatform: Boolean = false): RecommendationsResponse!
    "Titles like this one (as REST /api/v1/content/:id/similar)."
    similar(contentId: ID!, region: String = "US", limit: Int = 20): SimilarResponse!
  }

  enum TrendingWindow { day, week }
  "A title as recommendations, similar titles and trending show it."
  type Recommended {
    id: ID!, title: String!, releaseYear: Int, type: String!, genres: [String!]!, director: String,
    runtimeMinutes: Int, mpaaRating: String, rating: Float, score: Float!, why: [String!]!,
    availability: [OfferBadge!]!, "Position in trending lists." rank: Int
    "The full title (batched)."
    content: Content
  }
  type OfferBadge { platformId: ID!, platformName: String!, priceTier: String! }
  type TrendingResponse { window: TrendingWindow!, region: String!, "redis or database" source: String!, items: [Recommended!]! }
  type RecommendationsResponse { items: [Recommended!]!, region: String!, "hybrid or cold_start" strategy: String!, notes: [String!]! }
  type SimilarResponse { anchor: Content, items: [Recommended!]! }

  type Mutation {
    register(email: String!, password: String!, displayName: String): AuthPayload!
    login(email: String!, password: String!): AuthPayload!
    "Changes the caller's profile (displayName null clears it)."
    updateProfile(displayName: String): User!
    recordView(contentId: ID!, progress: Float): HistoryEntry!
    rateContent(contentId: ID!, score: Int!): Rating!
    addToWatchlist(contentId: ID!): WatchlistChange!
    removeFromWatchlist(contentId: ID!): Boolean!
  }

  type Subscription {
    "A title's availability changes as they are detected (in one region when given)."
    availabilityChanged(contentId: ID!, region: String): AvailabilityChange!
    "Changes to titles on the caller's watchlist, as their notifications are written; kinds defaults to [added]."
    newContentForUser(kinds: [ChangeKind!]): AvailabilityChange!
  }

  type SearchResponse { results: [SearchResult!]!, total: Int!, nextCursor: String, query: ParsedQuery! }
  type ParsedQuery { raw: String!, normalized: String!, intent: String!, text: String! }
  type SearchResult {
    id: ID!, title: String!, releaseYear: Int, type: String!, genres: [String!]!, director: String,
    runtimeMinutes: Int, mpaaRating: String, score: Float!, why: [String!]!, availability: [AvailabilitySummary!]!
    "The full title, offers in the searched region (batched across results)."
    content: Content
  }
  type AvailabilitySummary { platformId: ID!, platformName: String!, priceTier: String!, amount: Float, currency: String }
  type Offer {
    platformId: ID!, platformName: String!, priceTier: String!, amount: Float, currency: String,
    quality: String!, url: String!, leavingAt: String, lastVerifiedAt: String!, source: String!
  }
  type RegionOffers { region: String!, offers: [Offer!]! }
  type Content {
    id: ID!, type: String!, title: String!, releaseYear: Int, runtimeMinutes: Int, mpaaRating: String,
    genres: [String!]!, director: String, popularity: Float!, availability: [RegionOffers!]!
    synopsis: String, themes: [String!]!, credits: [Credit!]!, "Actors in billing order." cast: [Credit!]!
    poster: Poster, links: ContentLinks!
    "Set when the synopsis is licensed text (Wikipedia, CC BY-SA 4.0): show it beside the synopsis."
    attribution: Attribution
    "Which upstream gave each field's value, and when."
    provenance: [FieldProvenance!]!
  }
  type Credit { personId: ID!, name: String!, role: String! }
  type Poster { url: String!, width: Int, height: Int }
  type ContentLinks { wikipedia: String }
  type Attribution { text: String!, license: License!, articleUrl: String }
  type License { name: String!, url: String! }
  type FieldProvenance { field: String!, source: String!, at: String! }
  type Person { id: ID!, name: String!, counts: PersonCounts!, films: [PersonFilm!]!, nextCursor: String }
  type PersonCounts { films: Int!, acting: Int!, directing: Int! }
  type PersonFilm { id: ID!, title: String!, year: Int, role: String!, roles: [String!]!, poster: Poster }
  type Platform { id: ID!, name: String!, kind: String!, homepage: String!, regions: [String!]!, titles: Int! }

  type AvailabilityReport {
    contentId: ID!, region: String!, "cache or live" source: String!, offers: [VerifiedOffer!]!,
    checked: [ID!]!, failed: [PlatformFailure!]!, changes: Int!
    content: Content
  }
  type VerifiedOffer {
    platformId: ID!, platformName: String!, priceTier: String!, amount: Float, currency: String,
    quality: String!, url: String!, leavingAt: String, lastVerifiedAt: String!, stale: Boolean!
  }
  type PlatformFailure { platformId: ID!, reason: String! }

  enum ChangeKind { added, removed, price_changed, leaving_soon }
  type Change { kind: ChangeKind!, priceTier: String! }
  type AvailabilityChange {
    contentId: ID!, region: String!, platformId: ID!, changes: [Change!]!, at: String!
  }

  type User {
    id: ID!, email: String!, displayName: String, role: String!, emailVerified: Boolean!, createdAt: String!, updatedAt: String!
    watchlist: [WatchlistItem!]!
  }
  type AuthPayload {
    user: User!, tokenType: String!, accessToken: String!, expiresIn: Int!, refreshToken: String!, refreshTokenExpiresAt: String!
  }
  type WatchlistItem { contentId: ID!, title: String!, releaseYear: Int, addedAt: String!, content: Content }
  "added is false when the title was already on the watchlist."
  type WatchlistChange { added: Boolean!, item: WatchlistItem! }
  type Rating { contentId: ID!, title: String!, score: Int!, ratedAt: String! }
  type HistoryEntry { id: ID!, contentId: ID!, title: String!, kind: String!, progress: Float, occurredAt: String! }
`;
