// Leaflet and the TopoJSON decoder, loaded together when the first map mounts.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { feature } from 'topojson-client';

export { L, feature };
