/** The GraphQL schema (SDL). Field names follow the REST JSON; resolvers live in ./resolvers. */
export const typeDefs = /* GraphQL */ `
  type Query {
    "Plain-words search (as REST /api/v1/search); filters as the POST body's."
    search(query: String!, region: Region = US, limit: Int = 20, cursor: String, filters: SearchFilters): SearchResponse!
    content(id: ID!, region: Region): Content
    "An actor or director with a page of their films, newest first (as REST /api/v1/people/:id); null when unknown."
    person(id: ID!, limit: Int = 24, cursor: String): Person
    contentByIds(ids: [ID!]!, region: Region): [Content]!
    platforms: [Platform!]!
    "Where a title streams in a region; verify: true checks stale offers with the platforms (as REST ?verify=true)."
    platformAvailability(contentId: ID!, region: Region = US, verify: Boolean = false): AvailabilityReport!
    "The signed-in caller; null when anonymous."
    me: User
    "An account: your own, or anyone's for admins (as REST /api/v1/users/:id)."
    user(id: ID!): User
    "Titles trending in a region over the last day or week (as REST /api/v1/trending)."
    trending(window: TrendingWindow = day, region: Region = US, limit: Int = 20): TrendingResponse!
    "The signed-in caller's recommendations (as REST /api/v1/recommendations); anyPlatform includes titles off their platforms."
    recommendations(limit: Int = 20, region: Region, anyPlatform: Boolean = false): RecommendationsResponse!
    "Titles like this one (as REST /api/v1/content/:id/similar)."
    similar(contentId: ID!, region: Region = US, limit: Int = 20): SimilarResponse!
    "The signed-in caller's notifications: changes to titles on their watchlist, newest first, with the unread count."
    notifications(unread: Boolean = false, limit: Int = 50): NotificationsPage!
    "The signed-in caller's preferences (region, services, genres, languages, parental limit)."
    preferences: Preferences!
    "Per-service feeds (as REST /api/v1/feeds/:kind): new arrivals, leaving soon, price drops; platforms are ids (netflix, hulu); a signed-in caller's region and parental limit apply."
    feed(kind: FeedKind!, region: Region, platforms: [String!], days: Int = 30, maxRating: String, limit: Int = 20, cursor: String): FeedPage!
  }

  "Which per-service feed: new arrivals, leaving soon or price drops."
  enum FeedKind { new, leaving, price_drops }
  type FeedOffer { platformId: String!, platformName: String!, priceTier: PriceTier!, amount: Float, currency: String, url: String!, leavingAt: String }
  type FeedItem {
    id: ID!, title: String!, releaseYear: Int, type: String!, genres: [String!]!, mpaaRating: String, rating: Float, poster: Poster,
    "The offer the feed is about."
    offer: FeedOffer!,
    "When it arrived or the price dropped (new, price_drops), or when it leaves (leaving)."
    at: String!,
    "Price drops: the price before."
    previousAmount: Float
  }
  type FeedPage { kind: FeedKind!, region: Region!, platforms: [String!], items: [FeedItem!]!, nextCursor: String, days: Int!, maxRating: String }

  "Regions the catalog covers (ISO 3166-1 alpha-2)."
  enum Region { US, GB, CA, DE, FR, AU, IN, JP, BR }
  "How an offer is paid for."
  enum PriceTier { free, ads, subscription, rent, buy }
  "What a search query was understood to ask for."
  enum Intent { search, browse, recommend, title_lookup }

  "The POST /api/v1/search filters."
  input SearchFilters {
    genres: [String!], excludeGenres: [String!], yearMin: Int, yearMax: Int, runtimeMin: Int, runtimeMax: Int,
    ratingMin: Float, mpaa: [String!], platforms: [String!], priceTiers: [PriceTier!], availableOnly: Boolean
  }

  type Notification {
    id: ID!, contentId: ID!, title: String!, kind: String!, platformId: ID!, platformName: String!, region: String!, createdAt: String!, read: Boolean!
    content: Content
  }
  type NotificationsPage { items: [Notification!]!, unread: Int! }
  type Preferences { region: String!, genres: [String!]!, languages: [String!]!, platforms: [String!]!, maxRating: String, updatedAt: String }
  "Fields given replace the stored ones; maxRating null clears the limit."
  input PreferencesInput { region: Region, genres: [String!], languages: [String!], platforms: [String!], maxRating: String }
  type TokenPair { tokenType: String!, accessToken: String!, expiresIn: Int!, refreshToken: String!, refreshTokenExpiresAt: String! }

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
    savePreferences(input: PreferencesInput!): Preferences!
    "Marks notifications read (all of the caller's when ids is absent); answers how many."
    markNotificationsRead(ids: [Int!]): Int!
    "Trades a refresh token for a new pair (the old one is spent), as REST /api/v1/auth/refresh."
    refresh(refreshToken: String!): TokenPair!
    "Ends the caller's session: its refresh tokens and this access token stop working."
    logout: Boolean!
  }

  type Subscription {
    "A title's availability changes as they are detected (in one region when given)."
    availabilityChanged(contentId: ID!, region: Region): AvailabilityChange!
    "Changes to titles on the caller's watchlist, as their notifications are written; kinds defaults to [added]."
    newContentForUser(kinds: [ChangeKind!]): AvailabilityChange!
  }

  type SearchResponse { results: [SearchResult!]!, total: Int!, nextCursor: String, query: ParsedQuery! }
  "What the search understood: the facets it recognised, what to exclude, and a spelling correction."
  type ParsedQuery {
    raw: String!, normalized: String!, intent: Intent!, text: String!, entities: QueryEntities!, negations: QueryNegations!
    correction: Correction, "local or openai" parser: String!
  }
  type NumberRange { min: Float, max: Float }
  type QueryEntities {
    genres: [String!]!, moods: [String!]!, people: [String!]!, years: NumberRange, runtime: NumberRange, rating: NumberRange,
    mpaa: [String!]!, platforms: [String!]!, myPlatforms: Boolean!, priceTiers: [PriceTier!]!, sources: [String!]!,
    creativeTypes: [String!]!, sort: String!, similarTo: String
  }
  type QueryNegations { genres: [String!]!, mpaa: [String!]!, people: [String!]!, creativeTypes: [String!]!, sources: [String!]! }
  type Correction { from: String!, to: String! }
  type SearchResult {
    id: ID!, title: String!, releaseYear: Int, type: String!, genres: [String!]!, director: String,
    runtimeMinutes: Int, mpaaRating: String, score: Float!, why: [String!]!, availability: [AvailabilitySummary!]!
    "The full title, offers in the searched region (batched across results)."
    content: Content
  }
  type AvailabilitySummary { platformId: ID!, platformName: String!, priceTier: PriceTier!, amount: Float, currency: String }
  type Offer {
    platformId: ID!, platformName: String!, priceTier: PriceTier!, amount: Float, currency: String,
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
    ratings: ContentRatings!
  }
  type ContentRatings { imdb: Float, imdbVotes: Int, rottenTomatoes: Float, users: UserRatings! }
  "Marquee members' ratings (0-10)."
  type UserRatings { average: Float, count: Int! }
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
    platformId: ID!, platformName: String!, priceTier: PriceTier!, amount: Float, currency: String,
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
