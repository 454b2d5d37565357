mkdir hb
