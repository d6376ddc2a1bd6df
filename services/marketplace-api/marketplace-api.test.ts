// The Marketplace API on its SQLite stores (the ones `npm start` uses).
import { marketplaceApiSuite } from './marketplace-api.suite.ts';

marketplaceApiSuite('sqlite');
