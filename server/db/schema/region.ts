/** 市 > 县(区) > 乡镇(街道) > 村(社区): the tree the halls of a network hang in. */
export interface RegionTable {
  id: string;
  name: string;
  /** city, county, town, village */
  level: string;
  parent_id: string | null;
  created_at: number;
}

/** 三级代办: a citizen's matter recorded at a village or town station and carried up hand by hand. */
export interface ProxyCaseTable {
  id: string;
  proxy_no: string;
  /** Where it began; `deliver` closes it there. */
  origin_hall_id: string;
  /** The hall that holds it now. */
  hall_id: string;
  matter_id: string;
  /** Masked already (张*明). */
  applicant_name: string;
  phone_last4: string | null;
  id_hash: string | null;
  id_last4: string | null;
  /** JSON string[]: the materials received against the matter's list. */
  materials: string;
  /** received, forwarded, accepted, returned, delivered */
  status: string;
  case_no: string | null;
  promised_date: string | null;
  /** Printed on the slip and carried in its QR (migration 020): the sequential number alone opens nothing. */
  follow_code: string | null;
  /** When the holder must have passed it on ("1153"); null once delivered. */
  due_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ProxyStepTable {
  id: string;
  proxy_case_id: string;
  seq: number;
  /** record, forward, accept, return, deliver */
  action: string;
  /** The hall where the step happened. */
  hall_id: string;
  at: number;
  by_staff_id: string | null;
  /** The due time the step answered to; late: done after it. */
  due_at: number | null;
  late: number;
}
