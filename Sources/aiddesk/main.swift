print("aiddesk")
